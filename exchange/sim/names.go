package sim

import "strings"

// nameGroup is a naming tradition of the NHS medical workforce, with the
// nationalities (ISO codes of domain 7.10) its members hold.
type nameGroup struct {
	male, female, surnames []string
	nationalities          []string
	natWeights             []float64
}

func split(s string) []string { return strings.Fields(s) }

// Name lists. Multi-word surnames use '_' for a space. Accented names and
// apostrophes are all encodable in Windows-1252.
var nameGroups = []nameGroup{
	{ // British
		male:          split("James Thomas William Oliver Daniel Matthew Christopher Andrew David Michael Robert Samuel Benjamin Joseph Edward Alexander Henry George Jack Luke Adam Peter Richard Simon Jonathan Timothy Nicholas Mark Stephen Paul Harry Charlie Jamie Ryan Liam Callum Rhys Owen Dafydd Gareth"),
		female:        split("Sarah Emma Laura Charlotte Hannah Rebecca Sophie Emily Lucy Katherine Elizabeth Rachel Jessica Amy Victoria Olivia Alice Eleanor Harriet Georgina Helen Jennifer Claire Joanna Anna Megan Bethan Rhiannon Sian Catrin Holly Natalie Abigail Frances Imogen Ruth Clare Philippa Lauren Grace"),
		surnames:      split("Smith Jones Williams Taylor Brown Davies Evans Wilson Thomas Johnson Roberts Robinson Thompson Wright Walker White Edwards Hughes Green Hall Lewis Harris Clarke Patel Jackson Wood Turner Martin Cooper Hill Ward Morris Moore Clark Lee King Baker Harrison Morgan Allen James Scott Phillips Watson Davis Parker Price Bennett Young Griffiths Mitchell Kelly Cook Carter Richardson Bailey Collins Bell Shaw Murphy Miller Cox Richards Khan Marshall Anderson Simpson Ellis Adams Singh Begum Wilkinson Foster Chapman Powell Webb Rogers Gray Mason Hunt Holmes Palmer Hunter Fletcher Lloyd Rees Pritchard Llewellyn Fitzgerald Ashworth Whitfield Pemberton Hargreaves Barraclough Ackroyd"),
		nationalities: []string{"GB"},
		natWeights:    []float64{1},
	},
	{ // Irish
		male:          split("Sean Ciaran Padraig Eoin Cian Conor Niall Declan Cathal Donal Eamon Fergal Tomás Seán"),
		female:        split("Aoife Niamh Siobhan Orla Roisin Ciara Sinead Grainne Caoimhe Aisling Maire Clodagh Áine Róisín"),
		surnames:      split("O'Brien O'Connor O'Sullivan O'Neill O'Reilly Murphy Kelly Walsh Byrne Ryan McCarthy Doyle Gallagher Kennedy Lynch Quinn Brennan Fitzpatrick McLaughlin Devlin Nolan Moran Farrell Keane"),
		nationalities: []string{"IE", "GB"},
		natWeights:    []float64{0.6, 0.4},
	},
	{ // South Asian
		male:          split("Mohammed Ahmed Ali Hassan Imran Rahul Arjun Vikram Sanjay Rajesh Amit Nikhil Rohan Karan Harpreet Gurpreet Sandeep Anil Suresh Prakash Faisal Usman Bilal Tariq Asif Zubair Kamran Nadeem Rizwan Shahid Abdul Mahmud Tanvir Rafiq Dinesh Chaminda Ruwan Nuwan Kasun"),
		female:        split("Priya Anjali Sunita Deepa Kavita Neha Pooja Aisha Fatima Ayesha Sana Zainab Nadia Farah Rubina Saima Mehreen Shabnam Nasreen Anika Ritu Shreya Divya Lakshmi Meena Harleen Simran Jaspreet Gurleen Nusrat Tahmina Shirin Dilani Nimali Chathuri Ishara"),
		surnames:      split("Patel Sharma Singh Kumar Gupta Shah Mehta Desai Joshi Iyer Nair Reddy Rao Menon Pillai Chopra Kapoor Malhotra Bhatt Chaudhry Khan Hussain Ahmed Ali Rahman Iqbal Akhtar Malik Butt Qureshi Mirza Siddiqui Chowdhury Islam Uddin Hossain Begum Miah Perera Fernando Silva Jayawardena Wickramasinghe Gunawardena Rajapaksa D'Souza D'Silva"),
		nationalities: []string{"GB", "IN", "PK", "BD", "LK"},
		natWeights:    []float64{0.55, 0.2, 0.12, 0.06, 0.07},
	},
	{ // East and South-East Asian
		male:          split("Wei Jun Hao Ming Jian Lei Yong Kai Zhi Tian Hui Chen Kok_Wai Ahmad Hafiz Faiz Arif Syafiq"),
		female:        split("Mei Li Ying Xin Hui Jing Yan Lin Xiao Qing Siew_Ling Nurul Siti Aina Farah Amira"),
		surnames:      split("Chen Wang Li Zhang Liu Yang Huang Zhao Wu Zhou Xu Sun Ma Zhu Hu Lin Guo He Tan Lim Ng Wong Lee Ong Goh Chong Teo Yeoh Abdullah Ismail Ibrahim Rahim"),
		nationalities: []string{"GB", "CN", "MY"},
		natWeights:    []float64{0.5, 0.25, 0.25},
	},
	{ // West African
		male:          split("Chidi Emeka Oluwaseun Babatunde Adebayo Chukwuemeka Obinna Tunde Femi Kwame Kofi Segun Ikenna Uchenna Olumide"),
		female:        split("Adaeze Ngozi Chiamaka Folake Funmilayo Yetunde Amara Ifeoma Temitope Abimbola Nkechi Adeola Oluwakemi Chioma"),
		surnames:      split("Okafor Adeyemi Okonkwo Adebayo Olawale Eze Nwosu Obi Okeke Oyelaran Balogun Afolabi Ogunleye Akinola Mensah Boateng Owusu Asante Nwachukwu Adeleke"),
		nationalities: []string{"GB", "NG"},
		natWeights:    []float64{0.45, 0.55},
	},
	{ // Arabic
		male:          split("Mohamed Ahmed Omar Mahmoud Mostafa Khaled Youssef Tarek Karim Amr Hisham Osama Ayman Walid Hamza Ibrahim"),
		female:        split("Fatma Mariam Nour Yasmin Hoda Rania Dina Heba Salma Layla Reem Huda Amal Sara"),
		surnames:      split("Hassan Ibrahim Mahmoud Abdelrahman Mostafa Elsayed Abdallah Osman Elamin Mohamed Saleh Hamid Yousif Al-Janabi Al-Rubaie Al-Tamimi Al-Kubaisi Abbas Kadhim Salman Al-Thani"),
		nationalities: []string{"EG", "SD", "IQ", "QA", "GB"},
		natWeights:    []float64{0.35, 0.25, 0.2, 0.05, 0.15},
	},
	{ // European
		male:          split("Nikolaos Georgios Dimitrios Konstantinos Marco Luca Giuseppe Alessandro Javier Pablo Carlos Miguel José Jörg Stefan Lukas Tobias Piotr Tomasz Krzysztof Pawel Andrei Mihai Alexandru Ionut Jürgen"),
		female:        split("Maria Eleni Katerina Giulia Francesca Chiara Elena Lucía Carmen Sofía Ana Anna Katrin Julia Agnieszka Katarzyna Magdalena Ioana Andreea Cristina Zoë Chloé Renée Inés"),
		surnames:      split("Papadopoulos Georgiou Nikolaidis Konstantinidis Rossi Russo Ferrari Esposito Bianchi Romano Colombo García Fernández González Rodríguez López Martínez Pérez Sánchez Müller Schmidt Schneider Fischer Weber Becker Kowalski Nowak Wisniewski Wójcik Kaminski Popescu Ionescu Popa Dumitru Stan"),
		nationalities: []string{"GR", "IT", "ES", "DE", "PL", "RO"},
		natWeights:    []float64{0.2, 0.2, 0.2, 0.15, 0.13, 0.12},
	},
}

// groupWeights are the shares of naming groups among UK graduates and among
// international graduates.
var (
	ukGroupWeights  = []float64{0.60, 0.05, 0.20, 0.05, 0.05, 0.03, 0.02}
	imgGroupWeights = []float64{0.02, 0.06, 0.42, 0.06, 0.15, 0.17, 0.12}
)

// Streets and places for addresses and organisation names.
var (
	streetNames  = split("Mill Church Station Park High Chapel Victoria Albert Queen King Orchard Meadow Willow Oak Ash Elm Beech Cedar Rose Manor Grange School Bridge Market Castle Abbey Priory Moor Hill Valley Springfield Woodland Holly Hawthorn Lime Alexandra Wellington Nelson Windsor Cromwell Stanley")
	streetSuffix = split("Lane Road Street Close Avenue Way Drive Gardens Crescent Row Court Terrace Place Grove Walk")
	localities   = split("Headington Northfield Southgate Westfield Eastbrook Hillside Newtown Oldfield Brookside Greenhill Ashgrove Parkside Woodside Fairview Riverside Kingsmead")
	// placeStems and placeEnds make invented place names for trusts and
	// sites (Westbury, Ashcombe).
	placeStems = split("West East North South Ash Oak Elm Brook Mill Stone Green Black White Red Kings Queens Bright Fair Long High Nether Upper Lower Marsh Fern Hazel Thorn Wood Castle Church Bridge Holm Lang Sand Hart Wolf Rook")
	placeEnds  = split("bury field ford ham ley ton wick worth combe dale mere stead borough bridge wood hurst cliffe minster port gate well")
	saints     = split("Mary Luke Thomas George Peter Michael Anne Helen Margaret Andrew Catherine Bartholomew")
)

// postTowns maps postcode areas (domain 2.1) to a post town.
var postTowns = map[string]string{
	"NE": "Newcastle upon Tyne", "SR": "Sunderland", "DH": "Durham", "TS": "Middlesbrough", "DL": "Darlington", "CA": "Carlisle",
	"M": "Manchester", "BL": "Bolton", "OL": "Oldham", "SK": "Stockport", "WN": "Wigan", "PR": "Preston", "BB": "Blackburn", "LA": "Lancaster", "FY": "Blackpool",
	"L": "Liverpool", "CH": "Chester", "WA": "Warrington", "CW": "Crewe",
	"LS": "Leeds", "BD": "Bradford", "HD": "Huddersfield", "HX": "Halifax", "WF": "Wakefield", "S": "Sheffield", "DN": "Doncaster", "HU": "Hull", "YO": "York", "HG": "Harrogate",
	"NG": "Nottingham", "DE": "Derby", "LE": "Leicester", "LN": "Lincoln", "NN": "Northampton",
	"B": "Birmingham", "CV": "Coventry", "WS": "Walsall", "WV": "Wolverhampton", "DY": "Dudley", "ST": "Stoke-on-Trent", "TF": "Telford", "WR": "Worcester", "HR": "Hereford",
	"CB": "Cambridge", "NR": "Norwich", "IP": "Ipswich", "CO": "Colchester", "CM": "Chelmsford", "SG": "Stevenage", "AL": "St Albans", "PE": "Peterborough", "LU": "Luton",
	"OX": "Oxford", "RG": "Reading", "SL": "Slough", "HP": "High Wycombe", "MK": "Milton Keynes",
	"SO": "Southampton", "PO": "Portsmouth", "BH": "Bournemouth", "SP": "Salisbury", "DT": "Dorchester",
	"BS": "Bristol", "BA": "Bath", "GL": "Gloucester", "SN": "Swindon", "TA": "Taunton",
	"EX": "Exeter", "PL": "Plymouth", "TQ": "Torquay", "TR": "Truro",
	"CT": "Canterbury", "ME": "Maidstone", "TN": "Tunbridge Wells", "BN": "Brighton", "RH": "Redhill", "GU": "Guildford",
	"E": "London", "EC": "London", "N": "London", "NW": "London", "SE": "London", "SW": "London", "W": "London", "WC": "London",
	"BR": "Bromley", "CR": "Croydon", "DA": "Dartford", "EN": "Enfield", "HA": "Harrow", "IG": "Ilford", "KT": "Kingston upon Thames", "RM": "Romford", "SM": "Sutton", "TW": "Twickenham", "UB": "Southall",
	"CF": "Cardiff", "SA": "Swansea", "NP": "Newport", "LL": "Llandudno", "SY": "Aberystwyth", "LD": "Llandrindod Wells",
}

// Ofcom drama ranges: numbers reserved for fiction, never in use.
var (
	mobilePrefix = "07700 900"
	landPrefixes = []string{"020 7946 0", "0161 496 0", "0113 496 0", "0114 496 0", "0115 496 0", "0116 496 0", "0117 496 0", "0118 496 0", "0121 496 0", "0151 496 0", "0191 498 0", "029 2018 0"}
)
